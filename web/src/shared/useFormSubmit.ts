/**
 * The submit of a form in a modal: check the fields, send, keep the button busy meanwhile, and
 * put the server's refusal under the fields it names (or in a message). What happens after a
 * success (a message, a reload, closing) is the page's `send`.
 */
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { showFormError } from './errors.ts';
import { useMessage } from './message.ts';

export function useFormSubmit<V>(
  form: FormInstance<V>,
  send: (values: V) => Promise<unknown>,
): { busy: boolean; submit: () => Promise<void> } {
  const message = useMessage();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      await send(values);
    } catch (error) {
      showFormError(form, error, message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, submit };
}
