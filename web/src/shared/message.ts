/**
 * The one message (toast) API: Ant Design's App context, so messages follow the theme and locale.
 * Pages and components call `useMessage()`, never the static `message.*` functions or a second
 * message holder.
 */
import { App } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';

export type { MessageInstance };

export function useMessage(): MessageInstance {
  return App.useApp().message;
}
