import { Field, Input, Select, Text } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { newIdempotencyKey, type Role, sendJson } from '../../api.js';
import { useT } from '../../i18n/use-t.js';
import { ActionDialog } from '../ActionDialog.js';

const roles: Role[] = ['global_admin', 'billing_admin', 'global_reader', 'user'];

/** Invite user: name, email and role; the link is emailed, or shown here when email is not set up. */
export function InviteUserDialog(props: { open: boolean; onClose: () => void; onInvited: () => void }) {
  const t = useT();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('billing_admin');
  const invite = useMutation({
    mutationFn: () =>
      sendJson<{ emailed: boolean; acceptUrl: string | null }>(
        'POST',
        '/api/users',
        { displayName: displayName.trim(), email: email.trim(), role },
        newIdempotencyKey(),
      ),
    onSuccess: props.onInvited,
  });
  const close = () => {
    invite.reset();
    setDisplayName('');
    setEmail('');
    props.onClose();
  };
  if (invite.data)
    return (
      <ActionDialog
        title={t('users.invite')}
        open={props.open}
        busy={false}
        error={null}
        confirmLabel={t('users.done')}
        onConfirm={close}
        onClose={close}
      >
        {invite.data.acceptUrl ? (
          <>
            <Text>{t('users.sendLink', { name: displayName })}</Text>
            <Input
              readOnly
              value={invite.data.acceptUrl}
              aria-label={t('users.invite')}
              data-testid="invitation-link"
            />
          </>
        ) : (
          <Text>{t('users.sent', { email })}</Text>
        )}
      </ActionDialog>
    );
  return (
    <ActionDialog
      title={t('users.invite')}
      open={props.open}
      busy={invite.isPending}
      error={invite.error?.message ?? null}
      confirmLabel={t('users.invite')}
      confirmDisabled={displayName.trim() === '' || email.trim() === ''}
      onConfirm={() => invite.mutate()}
      onClose={close}
    >
      <Field label={t('users.name')} required>
        <Input value={displayName} onChange={(_e, d) => setDisplayName(d.value)} />
      </Field>
      <Field label={t('users.email')} required>
        <Input type="email" value={email} onChange={(_e, d) => setEmail(d.value)} />
      </Field>
      <Field label={t('users.role')}>
        <Select value={role} onChange={(_e, d) => setRole(d.value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t.known(`role.${r}`) ?? r}
            </option>
          ))}
        </Select>
      </Field>
    </ActionDialog>
  );
}
