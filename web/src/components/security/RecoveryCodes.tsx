import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useT } from '../../i18n/use-t.js';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: '12px' },
  codes: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))',
    gap: '6px 16px',
    padding: '12px 16px',
    margin: 0,
    listStyle: 'none',
    fontFamily: 'monospace',
    fontSize: tokens.fontSizeBase300,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
});

/** Recovery codes, shown the one time the server hands them out. */
export function RecoveryCodes(props: { codes: string[]; onDone: () => void; titled?: boolean }) {
  const styles = useStyles();
  const t = useT();
  return (
    <div className={styles.column}>
      {props.titled === false ? null : <Text weight="semibold">{t('mfa.recoveryTitle')}</Text>}
      <Text>{t('mfa.recoveryHint')}</Text>
      <ul className={styles.codes} data-testid="recovery-codes">
        {props.codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <Button appearance="primary" onClick={props.onDone}>
        {t('mfa.recoverySaved')}
      </Button>
    </div>
  );
}
