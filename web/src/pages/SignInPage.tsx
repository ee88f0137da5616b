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
import { ApiError, type Locale, type SignInNextStep } from '../api.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { AuthenticatorSetup } from '../components/security/AuthenticatorSetup.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';

const useStyles = makeStyles({
  page: { display: 'flex', justifyContent: 'center', paddingTop: '10vh', paddingBottom: '24px' },
  card: {
    width: '420px',
    maxWidth: 'calc(100vw - 32px)',
    boxSizing: 'border-box',
    padding: '32px',
    display: 'flex',
    flexDirection: 'column',
    gap: '16px',
  },
  form: { display: 'flex', flexDirection: 'column', gap: '12px' },
  hint: { color: tokens.colorNeutralForeground3 },
});

/** Where a sign-in stands: the password, then a code if the user has an app, or setting one up. */
export type SignInStep = 'password' | 'code' | 'enroll';

export function SignInPage(props: {
  locale: Locale;
  onLocaleChange: (locale: Locale) => void;
  /** A step already reached (the page was reloaded half-way): the server says which. */
  step?: SignInStep;
}) {
  const styles = useStyles();
  const t = useT();
  const queryClient = useQueryClient();
  const [reached, setReached] = useState<SignInStep | null>(null);
  const step = reached ?? props.step ?? 'password';
  const signedIn = () => queryClient.invalidateQueries({ queryKey: queryKeys.me });
  const post = async (url: string, body: unknown) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': props.locale },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const reply = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, reply?.code, reply?.message);
    return reply as unknown;
  };
  const startOver = async () => {
    await post('/api/auth/sign-out', {}).catch(() => undefined);
    setReached('password');
    queryClient.removeQueries({ queryKey: queryKeys.me });
  };

  let body: React.ReactNode;
  if (step === 'code') body = <CodeStep post={post} onSignedIn={signedIn} />;
  else if (step === 'enroll')
    body = (
      <>
        <Text>{t('signIn.enrollHint')}</Text>
        <AuthenticatorSetup onDone={signedIn} />
      </>
    );
  else
    body = (
      <PasswordStep
        post={post}
        onNext={(next) => (next ? setReached(next === 'second_factor' ? 'code' : 'enroll') : signedIn())}
      />
    );
  const titles = {
    password: 'signIn.title',
    code: 'signIn.codeTitle',
    enroll: 'signIn.enrollTitle',
  } as const;
  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <Title2 as="h1">{t(titles[step])}</Title2>
        <LanguageSwitch locale={props.locale} onChange={props.onLocaleChange} />
        {body}
        {step === 'password' ? (
          <Text size={200} className={styles.hint}>
            {t('signIn.demoHint')}
          </Text>
        ) : (
          <Button appearance="subtle" onClick={startOver}>
            {t('signIn.otherAccount')}
          </Button>
        )}
      </Card>
    </main>
  );
}

type Post = (url: string, body: unknown) => Promise<unknown>;

function PasswordStep(props: { post: Post; onNext: (next: SignInNextStep['next'] | null) => void }) {
  const styles = useStyles();
  const t = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: async () =>
      (await props.post('/api/auth/sign-in', { email, password })) as SignInNextStep | null,
    onSuccess: (reply) => props.onNext(reply?.next ?? null),
  });
  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        signIn.mutate();
      }}
    >
      <Field label={t('signIn.email')} required>
        <Input
          type="email"
          name="email"
          autoComplete="username"
          value={email}
          onChange={(_e, d) => setEmail(d.value)}
        />
      </Field>
      <Field label={t('signIn.password')} required>
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
        {t('signIn.submit')}
      </Button>
    </form>
  );
}

function CodeStep(props: { post: Post; onSignedIn: () => void }) {
  const styles = useStyles();
  const t = useT();
  const [code, setCode] = useState('');
  const verify = useMutation({
    mutationFn: () => props.post('/api/auth/second-factor', { code: code.trim() }),
    onSuccess: props.onSignedIn,
  });
  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        verify.mutate();
      }}
    >
      <Text>{t('signIn.codeHint')}</Text>
      <Field label={t('signIn.code')} required>
        <Input
          name="one-time-code"
          autoComplete="one-time-code"
          value={code}
          onChange={(_e, d) => setCode(d.value)}
          // The page's one field, reached right after the password.
          autoFocus
        />
      </Field>
      {verify.error ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{verify.error.message}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Button appearance="primary" type="submit" disabled={verify.isPending || code.trim().length < 6}>
        {t('signIn.verify')}
      </Button>
    </form>
  );
}
