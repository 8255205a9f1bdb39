/** Types of the requests API, inferred from the server's contract (type-only imports). */
import type { z } from 'zod';
import type {
  categorySchema,
  notificationSchema,
  requestDetailSchema,
  requestSchema,
  statsResponse,
} from '../../../../server/src/modules/service-requests/service-requests.contract.ts';
import type { TFunction } from '../../shared/i18n.tsx';

export type ServiceRequest = z.infer<typeof requestSchema>;
export type ServiceRequestDetail = z.infer<typeof requestDetailSchema>;
export type Category = z.infer<typeof categorySchema>;
export type Notification = z.infer<typeof notificationSchema>;
export type Stats = z.infer<typeof statsResponse>['data'];

/** 满意 / 基本满意 / 不满意. */
export {
  RATINGS,
  type Rating,
} from '../../../../server/src/modules/service-requests/service-requests.contract.ts';

export const STATUS_COLORS: Record<ServiceRequest['status'], string> = {
  open: 'processing',
  resolved: 'warning',
  closed: 'success',
};

/** Read a picked image file as the `{ mime, data }` the API takes (base64, no data: prefix). */
export function readPhoto(
  file: File,
  t: TFunction,
): Promise<{ mime: 'image/jpeg' | 'image/png' | 'image/webp'; data: string }> {
  return new Promise((resolve, reject) => {
    if (!['image/jpeg', 'image/png', 'image/webp'].includes(file.type)) {
      reject(new Error(t('service-requests.photo.type')));
      return;
    }
    if (file.size > 1_000_000) {
      reject(new Error(t('service-requests.photo.size')));
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const text = String(reader.result);
      resolve({ mime: file.type as 'image/jpeg', data: text.slice(text.indexOf(',') + 1) });
    };
    reader.onerror = () => reject(new Error(t('service-requests.photo.read')));
    reader.readAsDataURL(file);
  });
}
