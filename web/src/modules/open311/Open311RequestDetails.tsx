import { Button, Descriptions, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import { useT } from '../../shared/i18n.tsx';
import { open311Api, type RequestDetails } from './api.ts';

type Details = RequestDetails;

/**
 * What a hotline sent over Open311 besides the shared fields: the photo link, the e-mail
 * address (masked; shown in full only with a reason, which is audited) and the service's
 * attribute values. Shown on the desk under a hotline request.
 */
export function Open311RequestDetails({ requestId }: { requestId: number }) {
  const t = useT();
  const [details, setDetails] = useState<Details | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');

  useEffect(() => {
    setDetails(null);
    open311Api
      .requestDetails({ params: { id: requestId } })
      .then((r) => setDetails(r.data))
      .catch((e) => setError(errorText(e)));
  }, [requestId]);

  if (error) return <p role="alert">{error}</p>;
  if (!details) return null;
  if (!details.mediaUrl && !details.email && !details.addressId && details.attributes.length === 0)
    return null;

  const reveal = async () => {
    try {
      const r = await open311Api.revealEmail({ params: { id: requestId }, body: { reason } });
      setDetails({ ...details, email: r.data.email });
      setAsking(false);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      title={t('open311.details.title')}
      style={{ marginTop: 12 }}
      data-testid="sr-open311"
    >
      {details.mediaUrl ? (
        <Descriptions.Item label={t('open311.details.media')}>
          <a href={details.mediaUrl} target="_blank" rel="noopener noreferrer">
            {details.mediaUrl}
          </a>
        </Descriptions.Item>
      ) : null}
      {details.email ? (
        <Descriptions.Item label={t('open311.details.email')}>
          {details.email}{' '}
          {details.email.includes('***') ? (
            <Button size="small" type="link" onClick={() => setAsking(true)}>
              {t('open311.details.reveal')}
            </Button>
          ) : null}
          <Modal
            open={asking}
            title={t('open311.details.reveal')}
            onOk={reveal}
            okButtonProps={{ disabled: reason.trim().length < 2 }}
            onCancel={() => setAsking(false)}
          >
            <Input
              aria-label={t('open311.details.revealReason')}
              placeholder={t('open311.details.revealReason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </Modal>
        </Descriptions.Item>
      ) : null}
      {details.addressId ? (
        <Descriptions.Item label={t('open311.details.addressId')}>{details.addressId}</Descriptions.Item>
      ) : null}
      {details.attributes.map((a) => (
        <Descriptions.Item key={a.code} label={a.description}>
          {a.values.join('、')}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
