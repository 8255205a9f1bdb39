import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import { httpSmsSender, type SmsSender } from './sms.ts';

/**
 * The SMS sender of self-registration, per deployment: the HTTP gateway when one is configured
 * (JICENG_SMS_GATEWAY_URL), else in demo mode a console sender that writes the text to the log,
 * else none (self-registration answers that SMS is not configured).
 */
export function activationSmsSender(
  config: Pick<Config, 'smsGatewayUrl' | 'demo'>,
  log: Pick<FastifyBaseLogger, 'info'>,
): SmsSender | null {
  if (config.smsGatewayUrl) return httpSmsSender(config.smsGatewayUrl);
  if (config.demo) return consoleSmsSender(log);
  return null;
}

/** Demo mode: the text goes to the server log (演示模式，不真正发送短信). */
export function consoleSmsSender(log: Pick<FastifyBaseLogger, 'info'>): SmsSender {
  return {
    async send(message) {
      log.info(
        { smsId: message.id, to: `${message.to.slice(0, 3)}****${message.to.slice(-4)}`, text: message.text },
        'demo SMS (console sender)',
      );
    },
  };
}
