import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import { httpSmsSender, type SmsSender } from './sms.ts';

/**
 * The SMS sender of self-registration, per deployment (JICENG_SMS_SENDER): the HTTP gateway
 * (JICENG_SMS_GATEWAY_URL), the console sender that writes the text to the log (the demo default),
 * or none (self-registration answers that SMS is not configured).
 */
export function activationSmsSender(
  config: Pick<Config, 'smsGatewayUrl' | 'registration'>,
  log: Pick<FastifyBaseLogger, 'info'>,
): SmsSender | null {
  const kind = config.registration.smsSender;
  if (kind === 'http') {
    if (!config.smsGatewayUrl) throw new Error('JICENG_SMS_SENDER=http needs JICENG_SMS_GATEWAY_URL');
    return httpSmsSender(config.smsGatewayUrl);
  }
  return kind === 'console' ? consoleSmsSender(log) : null;
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
