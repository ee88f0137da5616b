import {
  Link,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Radio,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { PaymentMethod } from '../api.js';
import { useCardExpiry } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { useProcessor } from '../processor.js';
import { CardName } from './CardName.js';
import { type CardExpiry, ExpiryPicker } from './ExpiryPicker.js';

export type ExpiryEdit = CardExpiry;

const useStyles = makeStyles({
  option: { display: 'flex', flexDirection: 'column', gap: '2px', padding: '4px 0' },
  meta: { color: tokens.colorNeutralForeground3 },
  nested: { marginLeft: '32px', marginTop: '4px' },
});

/**
 * One saved card as a choice. Its owner may change the expiration date right here; anyone else is
 * told who owns it and offered the other ways to pay. The server enforces the same rule.
 */
export function CardChoice(props: {
  card: PaymentMethod;
  selected: boolean;
  canEdit: boolean;
  expiryEdit: ExpiryEdit | null;
  onExpiryEdit: (edit: ExpiryEdit | null) => void;
  /** While a payment is processing, the choice cannot change under it. */
  disabled?: boolean;
}) {
  const styles = useStyles();
  const { card } = props;
  const t = useT();
  const cardExpiry = useCardExpiry();
  const expires = cardExpiry(card.expMonth, card.expYear);
  const thisYear = new Date().getFullYear();
  // Some processors cannot change a saved card's expiry (TapPay): the owner adds the card again.
  const expiryChangeable = useProcessor().data?.capabilities.updateCardExpiry !== false;
  return (
    <div>
      <Radio
        value={card.id}
        disabled={props.disabled}
        data-testid={`card-${card.last4}`}
        label={
          <span className={styles.option}>
            <Text weight="semibold">
              <CardName card={card} />
            </Text>
            <Text size={200} className={styles.meta}>
              {expires} ·{' '}
              {card.ownedByMe ? t('card.addedByYou') : t('card.addedBy', { name: card.ownerName })}
            </Text>
          </span>
        }
      />
      {props.selected && card.ownedByMe && props.canEdit && !expiryChangeable ? (
        <div className={styles.nested}>
          <MessageBar
            intent={card.expired ? 'warning' : 'info'}
            layout="multiline"
            data-testid="add-again-note"
          >
            <MessageBarBody>
              {t(card.expired ? 'settle.expiredAddAgain' : 'settle.addAgainNote')}
            </MessageBarBody>
          </MessageBar>
        </div>
      ) : null}
      {props.selected && card.ownedByMe && props.canEdit && expiryChangeable ? (
        <div className={styles.nested}>
          {props.expiryEdit ? (
            <>
              <ExpiryPicker
                value={props.expiryEdit}
                onChange={props.onExpiryEdit}
                disabled={props.disabled}
              />
              <Link as="button" onClick={() => props.onExpiryEdit(null)}>
                {t('settle.keepExpiration')}
              </Link>
            </>
          ) : (
            <>
              {card.expired ? (
                <MessageBar intent="warning" layout="multiline" style={{ marginBottom: 4 }}>
                  <MessageBarBody>{t('settle.expiredOwner')}</MessageBarBody>
                </MessageBar>
              ) : null}
              <Link
                as="button"
                data-testid="change-expiration"
                onClick={() =>
                  props.onExpiryEdit({ expMonth: card.expMonth, expYear: Math.max(card.expYear, thisYear) })
                }
              >
                {t('settle.changeExpiration')}
              </Link>
            </>
          )}
        </div>
      ) : null}
      {props.selected && !card.ownedByMe ? (
        <div className={styles.nested}>
          <MessageBar
            intent={card.expired ? 'warning' : 'info'}
            layout="multiline"
            data-testid="not-owner-note"
          >
            <MessageBarBody>
              {card.expired
                ? t('settle.expiredNotOwner', { name: card.ownerName })
                : t('settle.notOwnerNote', { name: card.ownerName })}
            </MessageBarBody>
          </MessageBar>
        </div>
      ) : null}
    </div>
  );
}
