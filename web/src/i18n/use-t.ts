import { useIntl } from 'react-intl';
import type enUS from './en-US.json';

/** Every message id the catalogs have (en-US is the reference; a test keeps zh-TW in step). */
export type MessageId = keyof typeof enUS;

// react-intl's own hook for typed ids: formatMessage({ id }) refuses an id the catalog does not have.
declare global {
  namespace FormatjsIntl {
    interface Message {
      ids: MessageId;
    }
  }
}

type Values = Record<string, string | number>;

/**
 * The one translate function of a component: t('settle.save'), t('settle.chargeNote', { amount }).
 * t.known(id) is for ids made at run time (a decline code, an audit action): the message if the
 * catalog has it, else undefined for the caller's fallback.
 */
export function useT() {
  const intl = useIntl();
  const t = (id: MessageId, values?: Values) => intl.formatMessage({ id }, values);
  const known = (id: string, values?: Values) =>
    Object.hasOwn(intl.messages, id) ? t(id as MessageId, values) : undefined;
  return Object.assign(t, { known });
}
