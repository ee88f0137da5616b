import { Dialog, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';
import { useT } from '../../i18n/use-t.js';
import { useReturnFocus } from '../use-return-focus.js';
import { RecoveryCodes } from './RecoveryCodes.js';

/** New recovery codes, shown once in a dialog the user closes when they have kept them. */
export function RecoveryCodesDialog(props: { codes: string[] | null; onDone: () => void }) {
  const t = useT();
  useReturnFocus(props.codes !== null);
  return (
    <Dialog open={props.codes !== null} modalType="alert">
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('mfa.recoveryTitle')}</DialogTitle>
          <DialogContent>
            {props.codes ? <RecoveryCodes codes={props.codes} onDone={props.onDone} titled={false} /> : null}
          </DialogContent>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
