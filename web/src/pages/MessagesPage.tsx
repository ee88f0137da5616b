import { Card, CardHeader, makeStyles, Switch, Text, Title2, tokens } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { getJson, type Me, type Message, newIdempotencyKey, sendJson } from '../api.js';
import { QueryStatus } from '../components/QueryStatus.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';

const useStyles = makeStyles({
  description: { color: tokens.colorNeutralForeground3, margin: '4px 0 16px' },
  list: { display: 'flex', flexDirection: 'column', gap: '12px' },
  meta: { color: tokens.colorNeutralForeground3 },
});

export function MessagesPage(props: { me: Me }) {
  const styles = useStyles();
  const intl = useIntl();
  const queryClient = useQueryClient();
  const attach = useMutation({
    mutationFn: (attachInvoicePdf: boolean) =>
      sendJson('PUT', '/api/me/preferences', { attachInvoicePdf }, newIdempotencyKey()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.me }),
  });
  const t = useT();
  const messages = useQuery({
    queryKey: queryKeys.messages,
    queryFn: () => getJson<Message[]>('/api/messages'),
  });
  return (
    <section>
      <Title2 as="h1">{t('messages.title')}</Title2>
      <Text as="p" block className={styles.description}>
        {t('messages.description')}
      </Text>
      <Switch
        label={t('messages.attachPdf')}
        checked={attach.isPending ? Boolean(attach.variables) : props.me.attachInvoicePdf}
        onChange={(_e, d) => attach.mutate(d.checked)}
        data-testid="attach-pdf"
      />
      <QueryStatus query={messages} />
      {messages.data?.length === 0 ? <Text>{t('messages.empty')}</Text> : null}
      <div className={styles.list}>
        {messages.data?.map((message) => (
          <Card key={message.id} data-testid="message">
            <CardHeader
              header={<Text weight="semibold">{message.subject}</Text>}
              description={
                <Text size={200} className={styles.meta}>
                  {intl.formatDate(message.createdAt, { dateStyle: 'medium', timeStyle: 'short' })} ·{' '}
                  {message.sentAt ? t('messages.emailed') : t('messages.inAppOnly')}
                </Text>
              }
            />
            <Text>{message.body}</Text>
          </Card>
        ))}
      </div>
    </section>
  );
}
