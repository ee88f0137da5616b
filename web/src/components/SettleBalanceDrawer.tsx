import {
  Button,
  Divider,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  OverlayDrawer,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { isExpired } from '../../../src/domain/card.js';
import { can } from '../../../src/domain/permissions.js';
import {
  getJson,
  type Me,
  type PaymentMethod,
  type PaymentResult,
  type SubscriptionDetails,
} from '../api.js';
import { useFormatMoney } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';
import { CardChoice, type ExpiryEdit } from './CardChoice.js';
import { emptyNewCard, NewCardForm } from './NewCardForm.js';
import { OpenInvoiceList } from './OpenInvoiceList.js';
import { ConfirmIdentitySlot } from './security/ConfirmIdentityDialog.js';
import { useReturnFocus } from './use-return-focus.js';
import { useSettle } from './use-settle.js';

const useStyles = makeStyles({
  // Fluent caps a drawer at 100vw, which counts a classic scrollbar: in a narrow window the drawer's
  // start would be under the window's edge. 100% of the viewport it is fixed to leaves the scrollbar out.
  drawer: { maxWidth: '100%' },
  amount: {
    fontSize: tokens.fontSizeHero800,
    fontWeight: tokens.fontWeightSemibold,
    fontVariantNumeric: 'tabular-nums',
  },
  invoices: { margin: '4px 0 0', paddingLeft: '18px', color: tokens.colorNeutralForeground2 },
  section: { display: 'flex', flexDirection: 'column', gap: '8px', marginTop: '16px' },
  note: { color: tokens.colorNeutralForeground3 },
  challenge: {
    width: '100%',
    height: '280px',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
});

export function SettleBalanceDrawer(props: {
  open: boolean;
  subscription: SubscriptionDetails;
  me: Me;
  onClose: () => void;
  onSettled: (result: PaymentResult) => void;
  onBalanceMoved: () => void;
}) {
  const styles = useStyles();
  const formatMoney = useFormatMoney();
  const t = useT();
  const { subscription } = props;
  const canPay = can(props.me.role, 'billing.manage');
  const cards = useQuery({
    queryKey: queryKeys.paymentMethods,
    queryFn: () => getJson<PaymentMethod[]>('/api/payment-methods'),
    enabled: props.open,
  });
  const [choice, setChoice] = useState<string | null>(null);
  const [expiryEdit, setExpiryEdit] = useState<ExpiryEdit | null>(null);
  const [newCard, setNewCard] = useState(emptyNewCard);
  const selected = choice ?? subscription.paymentMethodId ?? cards.data?.[0]?.id ?? 'new';
  const selectedCard = cards.data?.find((card) => card.id === selected);
  // A card known to be expired would only be declined: Save waits for a later date or another card
  // (the server refuses it too, with card_expired).
  const expiredChoice =
    selectedCard !== undefined && (expiryEdit ? isExpired(expiryEdit, new Date()) : selectedCard.expired);
  const amount = formatMoney(subscription.amountDueMinor, subscription.currency);
  const { save, failure, clearFailure, fieldErrors, challenge, completing } = useSettle({
    subscriptionId: subscription.id,
    amountDueMinor: subscription.amountDueMinor,
    onBalanceMoved: props.onBalanceMoved,
    onSettled: (result) => {
      setNewCard(emptyNewCard);
      setExpiryEdit(null);
      props.onSettled(result);
    },
  });
  // A refusal takes the place of the bank's page or of Save's spinner: focus goes to what it says,
  // not back to the page's body (a keyboard's next Tab would otherwise land on Cancel).
  const failureRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!failure) return;
    failureRef.current?.scrollIntoView({ block: 'nearest' });
    failureRef.current?.focus();
  }, [failure]);

  useReturnFocus(props.open);
  return (
    <OverlayDrawer
      open={props.open}
      position="end"
      size="medium"
      className={styles.drawer}
      onOpenChange={(_e, data) => !data.open && !save.isPending && props.onClose()}
      aria-labelledby="settle-title"
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          id="settle-title"
          action={
            <Button
              appearance="subtle"
              aria-label={t('settle.close')}
              icon={<Dismiss24Regular />}
              onClick={props.onClose}
              disabled={save.isPending}
            />
          }
        >
          {t('settle.title')}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        <Text as="h3" weight="semibold">
          {subscription.productName}
        </Text>
        <div className={styles.section}>
          <Text>{t('settle.amountLabel')}</Text>
          <Text className={styles.amount} data-testid="settle-amount">
            {amount}
          </Text>
          <Text size={200}>{t('settle.invoicesIncluded', { count: subscription.openInvoices.length })}</Text>
          <OpenInvoiceList subscription={subscription} className={styles.invoices} />
        </div>
        <Divider style={{ margin: '16px 0' }} />
        {!canPay ? (
          <MessageBar intent="info">
            <MessageBarBody>{t('settle.readOnly')}</MessageBarBody>
          </MessageBar>
        ) : challenge ? (
          // The bank's page (3-D Secure) in a frame, as processors show it; it tells the drawer when it ends.
          <div className={styles.section} data-testid="settle-challenge">
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{t('settle.challengeTitle')}</MessageBarTitle>
                {t('settle.challengeBody', { amount })}
              </MessageBarBody>
            </MessageBar>
            {challenge.url ? (
              <>
                <iframe
                  title={t('settle.challengeFrame')}
                  src={challenge.url}
                  className={styles.challenge}
                  data-testid="settle-challenge-frame"
                />
                {/* Some banks' pages refuse to show inside another page, and a page cannot tell: the
                    window can take the whole page, and the bank's return leads back to the subscription. */}
                <Text size={200}>
                  {t('settle.challengeNotShowing')}{' '}
                  <Link href={challenge.url} data-testid="settle-challenge-whole-page">
                    {t('settle.challengeWholePage')}
                  </Link>
                </Text>
              </>
            ) : (
              <Spinner size="small" label={t('settle.challengeByProcessor')} />
            )}
            {completing ? <Spinner size="tiny" label={t('settle.saving')} /> : null}
          </div>
        ) : cards.isPending ? (
          <Spinner size="small" label={t('common.loading')} />
        ) : (
          <>
            <Text weight="semibold" as="h3" id="choose-card">
              {t('settle.chooseCard')}
            </Text>
            <RadioGroup
              aria-labelledby="choose-card"
              value={selected}
              onChange={(_e, data) => {
                setChoice(data.value);
                setExpiryEdit(null);
                clearFailure();
              }}
            >
              {(cards.data ?? []).map((card) => (
                <CardChoice
                  key={card.id}
                  card={card}
                  selected={selected === card.id}
                  canEdit={canPay}
                  expiryEdit={selected === card.id ? expiryEdit : null}
                  onExpiryEdit={setExpiryEdit}
                  disabled={save.isPending}
                />
              ))}
              <Radio
                value="new"
                label={t('settle.addNewCard')}
                data-testid="add-new-card"
                disabled={save.isPending}
              />
            </RadioGroup>
            {selected === 'new' ? (
              <div className={styles.section}>
                <NewCardForm value={newCard} errors={fieldErrors} onChange={setNewCard} />
              </div>
            ) : null}
            <Text as="p" block size={200} className={styles.note}>
              {t('settle.chargeNote', { amount })}
            </Text>
          </>
        )}
        {failure ? (
          <MessageBar
            intent="error"
            layout="multiline"
            data-testid="settle-error"
            style={{ marginTop: 12 }}
            tabIndex={-1}
            ref={failureRef}
          >
            <MessageBarBody>
              <MessageBarTitle>{failure.title}</MessageBarTitle>
              {failure.message}
            </MessageBarBody>
          </MessageBar>
        ) : null}
      </DrawerBody>
      <DrawerFooter>
        <Button
          appearance="primary"
          onClick={() => save.mutate({ selected, expiryEdit, newCard })}
          disabled={!canPay || save.isPending || expiredChoice || challenge !== null}
          data-testid="settle-save"
        >
          {save.isPending ? <Spinner size="tiny" label={t('settle.saving')} /> : t('settle.save')}
        </Button>
        <Button onClick={props.onClose} disabled={save.isPending}>
          {t('settle.cancel')}
        </Button>
      </DrawerFooter>
      <ConfirmIdentitySlot />
    </OverlayDrawer>
  );
}
