import { Badge, Button, makeStyles, Select, Text, Title2, tokens } from '@fluentui/react-components';
import { PersonAdd20Regular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  getJson,
  type Me,
  newIdempotencyKey,
  type Role,
  sendDelete,
  sendJson,
  type UserView,
} from '../api.js';
import { ActionDialog } from '../components/ActionDialog.js';
import { QueryStatus } from '../components/QueryStatus.js';
import { InviteUserDialog } from '../components/users/InviteUserDialog.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: '16px',
    flexWrap: 'wrap',
  },
  description: { color: tokens.colorNeutralForeground3, margin: '4px 0 16px', maxWidth: '760px' },
  list: { listStyle: 'none', margin: 0, padding: 0, maxWidth: '960px' },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: '8px 16px',
    padding: '12px 16px',
    background: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  who: { display: 'flex', flexDirection: 'column', gap: '2px', flexGrow: 1, minWidth: '220px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const roles: Role[] = ['global_admin', 'billing_admin', 'global_reader', 'user'];

/** Users and roles: who signs in, with what role; Global admins invite, change roles and remove. */
export function UsersPage(props: { me: Me }) {
  const styles = useStyles();
  const t = useT();
  const queryClient = useQueryClient();
  const [inviting, setInviting] = useState(false);
  const [removing, setRemoving] = useState<UserView | null>(null);
  const users = useQuery({ queryKey: queryKeys.users, queryFn: () => getJson<UserView[]>('/api/users') });
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.users });
  const changeRole = useMutation({
    mutationFn: (change: { userId: string; role: Role }) =>
      sendJson('PUT', `/api/users/${change.userId}/role`, { role: change.role }, newIdempotencyKey()),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => sendDelete(`/api/users/${userId}`, newIdempotencyKey()),
    onSuccess: async () => {
      setRemoving(null);
      await refresh();
    },
  });
  const manages = props.me.role === 'global_admin';
  return (
    <section>
      <div className={styles.header}>
        <Title2 as="h1">{t('users.title')}</Title2>
        {manages ? (
          <Button appearance="primary" icon={<PersonAdd20Regular />} onClick={() => setInviting(true)}>
            {t('users.invite')}
          </Button>
        ) : null}
      </div>
      <Text as="p" block className={styles.description}>
        {t('users.description')}
      </Text>
      <QueryStatus query={users} />
      {changeRole.error ? <Text role="alert">{changeRole.error.message}</Text> : null}
      <ul className={styles.list} data-testid="users">
        {users.data?.map((user) => (
          <li key={user.id} className={styles.row} data-testid="user-row">
            <div className={styles.who}>
              <Text weight="semibold">
                {user.displayName}
                {user.id === props.me.userId ? ` (${t('users.you')})` : ''}
              </Text>
              <Text size={200} className={styles.muted}>
                {user.email} · {user.secondFactor ? t('users.mfaOn') : t('users.mfaOff')}
              </Text>
            </div>
            {user.status === 'invited' ? (
              <Badge appearance="tint" color="informative">
                {t('users.invited')}
              </Badge>
            ) : null}
            {manages ? (
              <Select
                aria-label={`${t('users.role')}: ${user.displayName}`}
                value={user.role}
                disabled={changeRole.isPending}
                onChange={(_e, d) => changeRole.mutate({ userId: user.id, role: d.value as Role })}
              >
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {t.known(`role.${role}`) ?? role}
                  </option>
                ))}
              </Select>
            ) : (
              <Text>{t.known(`role.${user.role}`) ?? user.role}</Text>
            )}
            {manages && user.id !== props.me.userId ? (
              <Button size="small" onClick={() => setRemoving(user)}>
                {t('users.remove')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      <InviteUserDialog open={inviting} onClose={() => setInviting(false)} onInvited={() => void refresh()} />
      <ActionDialog
        title={t('users.remove')}
        open={removing !== null}
        busy={remove.isPending}
        error={remove.error?.message ?? null}
        confirmLabel={t('users.remove')}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
      >
        <Text>{t('users.removeConfirm', { name: removing?.displayName ?? '' })}</Text>
      </ActionDialog>
    </section>
  );
}
