import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { ConfirmIdentitySlot } from './security/ConfirmIdentityDialog.js';
import { useReturnFocus } from './use-return-focus.js';

/** A dialog with a title, content, an error bar and Save/Cancel: the frame every billing dialog shares. */
export function ActionDialog(props: {
  title: string;
  open: boolean;
  busy: boolean;
  error: string | null;
  confirmLabel: string;
  /** Save stays off until the dialog has something valid to save. */
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
  /** Whether "Confirm it's you" may open inside this dialog (not inside that prompt itself). */
  identityPrompt?: boolean;
}) {
  const intl = useIntl();
  // "Confirm it's you" is drawn inside another surface, which keeps focus when it closes.
  useReturnFocus(props.open && props.identityPrompt !== false);
  return (
    <Dialog open={props.open} onOpenChange={(_e, data) => !data.open && !props.busy && props.onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
            {props.children}
            {props.error ? (
              <MessageBar intent="error" layout="multiline" data-testid="dialog-error">
                <MessageBarBody>{props.error}</MessageBarBody>
              </MessageBar>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              onClick={props.onConfirm}
              disabled={props.busy || props.confirmDisabled}
            >
              {props.confirmLabel}
            </Button>
            <Button onClick={props.onClose} disabled={props.busy}>
              {intl.formatMessage({ id: 'settle.cancel' })}
            </Button>
          </DialogActions>
        </DialogBody>
        {props.identityPrompt === false ? null : <ConfirmIdentitySlot />}
      </DialogSurface>
    </Dialog>
  );
}
