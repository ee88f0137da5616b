import {
  Badge,
  Button,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { getJson, newIdempotencyKey, type SessionView, sendDelete, sendJson } from '../../api.js';
import { useT } from '../../i18n/use-t.js';
import { queryKeys } from '../../query-keys.js';
import { QueryStatus } from '../QueryStatus.js';
import { deviceName } from './device-name.js';

const useStyles = makeStyles({
  card: { padding: '20px' },
  muted: { color: tokens.colorNeutralForeground3 },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: '8px 16px',
    padding: '12px 0',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  what: { display: 'flex', flexDirection: 'column', gap: '2px', minWidth: 0 },
});

/** Where the user is signed in; any other session can be signed out ("that wasn't me"). */
export function SessionsCard() {
  const styles = useStyles();
  const t = useT();
  const intl = useIntl();
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: queryKeys.sessions,
    queryFn: () => getJson<SessionView[]>('/api/me/sessions'),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.sessions });
  const endOne = useMutation({
    mutationFn: (id: string) => sendDelete(`/api/me/sessions/${id}`, newIdempotencyKey()),
    onSettled: refresh,
  });
  const endOthers = useMutation({
    mutationFn: () => sendJson('POST', '/api/me/sessions/sign-out-others', {}, newIdempotencyKey()),
    onSettled: refresh,
  });
  const when = (iso: string) => intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' });
  const others = sessions.data?.filter((session) => !session.current).length ?? 0;
  const error = endOne.error ?? endOthers.error;
  return (
    <Card className={styles.card}>
      <CardHeader
        header={
          <Text as="h2" weight="semibold" size={400}>
            {t('security.sessionsTitle')}
          </Text>
        }
        description={
          <Text size={200} className={styles.muted}>
            {t('security.sessionsHint')}
          </Text>
        }
      />
      <QueryStatus query={sessions} />
      <ul className={styles.list} data-testid="sessions">
        {sessions.data?.map((session) => (
          <li key={session.id} className={styles.row}>
            <div className={styles.what}>
              <Text weight="semibold">{deviceName(session.userAgent) ?? t('security.unknownDevice')}</Text>
              <Text size={200} className={styles.muted}>
                {t('security.signedIn')}: {when(session.signedInAt)} · {t('security.lastActive')}:{' '}
                {when(session.lastSeenAt)}
                {session.ipAddress ? ` · ${t('security.address')}: ${session.ipAddress}` : ''}
              </Text>
            </div>
            {session.current ? (
              <Badge appearance="tint" color="brand">
                {t('security.thisSession')}
              </Badge>
            ) : (
              <Button size="small" onClick={() => endOne.mutate(session.id)} disabled={endOne.isPending}>
                {t('security.signOut')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <Button onClick={() => endOthers.mutate()} disabled={endOthers.isPending}>
          {t('security.signOutOthers')}
        </Button>
      ) : null}
      {error ? (
        <MessageBar intent="error">
          <MessageBarBody>{error.message}</MessageBarBody>
        </MessageBar>
      ) : null}
    </Card>
  );
}
