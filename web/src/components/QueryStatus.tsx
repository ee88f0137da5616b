import { MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useIntl } from 'react-intl';

/** What a page shows while its list loads or when it could not: one spinner, one error bar. */
export function QueryStatus(props: { query: { isPending: boolean; error: Error | null } }) {
  const intl = useIntl();
  if (props.query.isPending) return <Spinner label={intl.formatMessage({ id: 'common.loading' })} />;
  if (!props.query.error) return null;
  return (
    <MessageBar intent="error">
      <MessageBarBody>{props.query.error.message}</MessageBarBody>
    </MessageBar>
  );
}
