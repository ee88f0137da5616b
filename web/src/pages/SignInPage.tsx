import {
  Button,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Key20Regular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, type Locale, type SignInNextStep } from '../api.js';
import { PublicCard } from '../components/PublicCard.js';
import { AuthenticatorSetup } from '../components/security/AuthenticatorSetup.js';
import { addPasskey, signWithPasskey } from '../components/security/passkeys.js';
import { RecoveryCodes } from '../components/security/RecoveryCodes.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';
import { navigate } from '../router.js';

const useStyles = makeStyles({
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
  // Which second factors the user has, as the password step said (unknown after a reload: offer both).
  const [methods, setMethods] = useState<SignInNextStep['methods'] | null>(null);
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
  if (step === 'code') body = <CodeStep post={post} onSignedIn={signedIn} methods={methods} />;
  else if (step === 'enroll') body = <EnrollStep onSignedIn={signedIn} />;
  else
    body = (
      <PasswordStep
        post={post}
        onNext={(reply) => {
          if (!reply) return signedIn();
          setMethods(reply.methods);
          setReached(reply.next === 'second_factor' ? 'code' : 'enroll');
        }}
      />
    );
  const titles = {
    password: 'signIn.title',
    code: 'signIn.codeTitle',
    enroll: 'signIn.enrollTitle',
  } as const;
  return (
    <PublicCard title={t(titles[step])} locale={props.locale} onLocaleChange={props.onLocaleChange}>
      {body}
      {step === 'password' ? (
        <>
          <Link
            href="/forgot-password"
            onClick={(event) => {
              event.preventDefault();
              navigate('/forgot-password');
            }}
          >
            {t('signIn.forgot')}
          </Link>
          <Text size={200} className={styles.hint}>
            {t('signIn.demoHint')}
          </Text>
        </>
      ) : (
        <Button appearance="subtle" onClick={startOver}>
          {t('signIn.otherAccount')}
        </Button>
      )}
    </PublicCard>
  );
}

type Post = (url: string, body: unknown) => Promise<unknown>;

function PasswordStep(props: { post: Post; onNext: (reply: SignInNextStep | null) => void }) {
  const styles = useStyles();
  const t = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: async () =>
      (await props.post('/api/auth/sign-in', { email, password })) as SignInNextStep | null,
    onSuccess: (reply) => props.onNext(reply),
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

function CodeStep(props: { post: Post; onSignedIn: () => void; methods: SignInNextStep['methods'] | null }) {
  const t = useT();
  const [code, setCode] = useState('');
  const verify = useMutation({
    mutationFn: () => props.post('/api/auth/second-factor', { code: code.trim() }),
    onSuccess: props.onSignedIn,
  });
  const passkey = useMutation({
    mutationFn: async () =>
      props.post('/api/auth/second-factor', { passkey: await signWithPasskey(props.post) }),
    onSuccess: props.onSignedIn,
  });
  const offersPasskey = props.methods === null || props.methods.includes('passkey');
  const passkeyError = passkey.error
    ? passkey.error instanceof ApiError
      ? passkey.error.message
      : t('passkey.failed')
    : null;
  return (
    <>
      {offersPasskey ? (
        <Button
          appearance={props.methods?.includes('passkey') ? 'primary' : 'secondary'}
          icon={<Key20Regular />}
          onClick={() => passkey.mutate()}
          disabled={passkey.isPending}
        >
          {t('passkey.use')}
        </Button>
      ) : null}
      {passkeyError ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{passkeyError}</MessageBarBody>
        </MessageBar>
      ) : null}
      <CodeForm
        code={code}
        onCode={setCode}
        verify={verify}
        hint={
          props.methods?.includes('authenticator_app') === false
            ? t('signIn.passkeyHint')
            : t('signIn.codeHint')
        }
      />
    </>
  );
}

function CodeForm(props: {
  code: string;
  onCode: (code: string) => void;
  verify: { mutate: () => void; isPending: boolean; error: Error | null };
  hint: string;
}) {
  const styles = useStyles();
  const t = useT();
  const { code, verify } = props;
  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        verify.mutate();
      }}
    >
      <Text>{props.hint}</Text>
      <Field label={t('signIn.code')} required>
        <Input
          name="one-time-code"
          autoComplete="one-time-code"
          value={code}
          onChange={(_e, d) => props.onCode(d.value)}
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

/** The organization requires a second factor and the user has none: a passkey, or an authenticator app. */
function EnrollStep(props: { onSignedIn: () => void }) {
  const styles = useStyles();
  const t = useT();
  const add = useMutation({ mutationFn: () => addPasskey(t('passkey.defaultName')) });
  if (add.data?.recoveryCodes)
    return <RecoveryCodes codes={add.data.recoveryCodes} onDone={props.onSignedIn} />;
  if (add.data) {
    props.onSignedIn();
    return null;
  }
  return (
    <div className={styles.form}>
      <Text>{t('signIn.enrollHint')}</Text>
      <Button
        appearance="primary"
        icon={<Key20Regular />}
        onClick={() => add.mutate()}
        disabled={add.isPending}
      >
        {t('passkey.add')}
      </Button>
      {add.error ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            {add.error instanceof ApiError ? add.error.message : t('passkey.failed')}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <Text weight="semibold">{t('signIn.enrollOr')}</Text>
      <AuthenticatorSetup onDone={props.onSignedIn} />
    </div>
  );
}
