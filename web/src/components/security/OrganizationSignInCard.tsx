import {
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Switch,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { newIdempotencyKey, type SecuritySettings, sendJson } from '../../api.js';
import { useT } from '../../i18n/use-t.js';
import { queryKeys } from '../../query-keys.js';

const useStyles = makeStyles({
  card: { padding: '20px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** A Global admin's rule for the organization: admins sign in with a second factor. */
export function OrganizationSignInCard(props: { settings: SecuritySettings }) {
  const styles = useStyles();
  const t = useT();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (requireMfa: boolean) =>
      sendJson('PUT', '/api/organization/security', { requireMfa }, newIdempotencyKey()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.security }),
  });
  return (
    <Card className={styles.card}>
      <CardHeader
        header={
          <Text as="h2" weight="semibold" size={400}>
            {t('security.orgTitle')}
          </Text>
        }
      />
      <Switch
        label={t('security.requireMfa')}
        checked={change.isPending ? Boolean(change.variables) : props.settings.organizationRequiresMfa}
        disabled={change.isPending}
        onChange={(_e, d) => change.mutate(d.checked)}
        data-testid="require-mfa"
      />
      <Text size={200} className={styles.muted}>
        {t('security.requireMfaHint')}
      </Text>
      {change.error ? (
        <MessageBar intent="error">
          <MessageBarBody>{change.error.message}</MessageBarBody>
        </MessageBar>
      ) : null}
    </Card>
  );
}
