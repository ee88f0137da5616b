import {
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiError, type Locale } from '../api.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { queryKeys } from '../query-keys.js';

const useStyles = makeStyles({
  page: { display: 'flex', justifyContent: 'center', paddingTop: '10vh' },
  card: { width: '420px', padding: '32px', display: 'flex', flexDirection: 'column', gap: '16px' },
  hint: { color: tokens.colorNeutralForeground3 },
});

export function SignInPage(props: { locale: Locale; onLocaleChange: (locale: Locale) => void }) {
  const styles = useStyles();
  const intl = useIntl();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: async () => {
      const response = await fetch('/api/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': props.locale },
        body: JSON.stringify({ email, password }),
      });
      if (!response.ok) {
        const body = await response.json();
        throw new ApiError(response.status, body.code, body.message);
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.me }),
  });
  return (
    <div className={styles.page}>
      <Card className={styles.card}>
        <Title2 as="h1">{intl.formatMessage({ id: 'signIn.title' })}</Title2>
        <LanguageSwitch locale={props.locale} onChange={props.onLocaleChange} />
        <form
          style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
          onSubmit={(event) => {
            event.preventDefault();
            signIn.mutate();
          }}
        >
          <Field label={intl.formatMessage({ id: 'signIn.email' })} required>
            <Input
              type="email"
              name="email"
              autoComplete="username"
              value={email}
              onChange={(_e, d) => setEmail(d.value)}
            />
          </Field>
          <Field label={intl.formatMessage({ id: 'signIn.password' })} required>
            <Input
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(_e, d) => setPassword(d.value)}
            />
          </Field>
          {signIn.error ? (
            <MessageBar intent="error">
              <MessageBarBody>{signIn.error.message}</MessageBarBody>
            </MessageBar>
          ) : null}
          <Button appearance="primary" type="submit" disabled={signIn.isPending}>
            {intl.formatMessage({ id: 'signIn.submit' })}
          </Button>
        </form>
        <Text size={200} className={styles.hint}>
          {intl.formatMessage({ id: 'signIn.demoHint' })}
        </Text>
      </Card>
    </div>
  );
}
