/**
 * One modal form per page, opened with a declaration (`open({ title, fields, submit })`): the
 * page renders `dialog` once. After a successful submit the hook shows `doneText` and calls
 * `after` (reload the lists); a failed submit stays open with the server's field errors.
 */
import { type ReactNode, useState } from 'react';
import { type ModalField, ModalForm } from './ModalForm.tsx';
import { useMessage } from './message.ts';

export type FormValues = Record<string, unknown>;

export interface FormDialog {
  title: string;
  fields: ModalField[];
  initialValues?: FormValues;
  submit: (v: FormValues) => Promise<unknown>;
}

export function useFormDialog({
  okText,
  doneText,
  after,
}: {
  okText: string;
  doneText: string;
  after: () => unknown;
}): { open: (d: FormDialog) => void; dialog: ReactNode } {
  const msg = useMessage();
  const [current, setCurrent] = useState<FormDialog | null>(null);
  const dialog = (
    <ModalForm
      open={current !== null}
      title={current?.title ?? ''}
      okText={okText}
      fields={current?.fields ?? []}
      initialValues={current?.initialValues}
      onSubmit={async (v) => {
        if (!current) return;
        await current.submit(v);
        msg.success(doneText);
        await after();
      }}
      onClose={() => setCurrent(null)}
    />
  );
  return { open: setCurrent, dialog };
}
