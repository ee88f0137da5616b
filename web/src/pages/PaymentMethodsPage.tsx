import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { Add20Regular, MoreHorizontal20Regular } from '@fluentui/react-icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { can } from '../../../src/domain/permissions.js';
import { getJson, type Me, type PaymentMethod } from '../api.js';
import { CardName } from '../components/CardName.js';
import {
  AddCardDialog,
  DeleteCardDialog,
  EditExpiryDialog,
  ReplaceDialog,
} from '../components/PaymentMethodDialogs.js';
import { QueryStatus } from '../components/QueryStatus.js';
import { StackedList } from '../components/StackedList.js';
import { TableScroll } from '../components/TableScroll.js';
import { useStackedLists } from '../components/use-narrow.js';
import { useT } from '../i18n/use-t.js';
import { useProcessor } from '../processor.js';
import { queryKeys, refreshBilling } from '../query-keys.js';

const useStyles = makeStyles({
  header: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: '16px' },
  description: { color: tokens.colorNeutralForeground3, margin: '4px 0 16px' },
  table: { background: tokens.colorNeutralBackground1 },
});

type Open = { kind: 'add' } | { kind: 'edit' | 'replace' | 'delete'; card: PaymentMethod } | null;

export function PaymentMethodsPage(props: { me: Me }) {
  const styles = useStyles();
  const queryClient = useQueryClient();
  const t = useT();
  const processor = useProcessor();
  const cards = useQuery({
    queryKey: queryKeys.paymentMethods,
    queryFn: () => getJson<PaymentMethod[]>('/api/payment-methods'),
  });
  const [open, setOpen] = useState<Open>(null);
  const stacked = useStackedLists();
  const canManage = can(props.me.role, 'billing.manage');
  const done = () => {
    setOpen(null);
    void refreshBilling(queryClient);
  };

  const actions = (card: PaymentMethod) =>
    canManage ? (
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button
            appearance="subtle"
            icon={<MoreHorizontal20Regular />}
            aria-label={t('methods.moreActions')}
          />
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {/* Only the card's owner may change or delete it; anyone may choose it. */}
            {/* The processor may not let a saved card's expiry change (TapPay): then it is added again. */}
            {card.ownedByMe && processor.data?.capabilities.updateCardExpiry !== false ? (
              <MenuItem onClick={() => setOpen({ kind: 'edit', card })}>{t('methods.edit')}</MenuItem>
            ) : null}
            <MenuItem onClick={() => setOpen({ kind: 'replace', card })}>{t('methods.replace')}</MenuItem>
            {card.ownedByMe && card.subscriptionCount === 0 ? (
              <MenuItem onClick={() => setOpen({ kind: 'delete', card })}>{t('methods.delete')}</MenuItem>
            ) : null}
          </MenuList>
        </MenuPopover>
      </Menu>
    ) : null;
  const expires = (card: PaymentMethod) => `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`;
  const owner = (card: PaymentMethod) => (card.ownedByMe ? t('methods.you') : card.ownerName);
  const usedBy = (card: PaymentMethod) => t('methods.subscriptionCount', { count: card.subscriptionCount });

  return (
    <section>
      <div className={styles.header}>
        <Title2 as="h1">{t('methods.title')}</Title2>
        {canManage ? (
          <Button appearance="primary" icon={<Add20Regular />} onClick={() => setOpen({ kind: 'add' })}>
            {t('methods.add')}
          </Button>
        ) : null}
      </div>
      <Text as="p" block className={styles.description}>
        {t('methods.description')}
      </Text>
      <QueryStatus query={cards} />
      {cards.data && stacked ? (
        <StackedList
          label={t('methods.title')}
          items={cards.data.map((card) => ({
            key: card.id,
            testId: 'card-row',
            title: <CardName card={card} />,
            badge: actions(card),
            fields: [
              { label: t('methods.expires'), value: expires(card) },
              { label: t('settle.nameOnCard'), value: card.cardholderName },
              { label: t('methods.owner'), value: owner(card) },
              { label: t('methods.usedBy'), value: usedBy(card) },
            ],
          }))}
        />
      ) : null}
      {cards.data && !stacked ? (
        <TableScroll label={t('methods.title')} minWidthPx={640}>
          <Table className={styles.table} aria-label={t('methods.title')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('settle.creditOrDebit')}</TableHeaderCell>
                <TableHeaderCell>{t('methods.expires')}</TableHeaderCell>
                <TableHeaderCell>{t('settle.nameOnCard')}</TableHeaderCell>
                <TableHeaderCell>{t('methods.owner')}</TableHeaderCell>
                <TableHeaderCell>{t('methods.usedBy')}</TableHeaderCell>
                <TableHeaderCell>{t('bills.column.actions')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {cards.data.map((card) => (
                <TableRow key={card.id} data-testid="card-row">
                  <TableCell>
                    <CardName card={card} />
                  </TableCell>
                  <TableCell>{expires(card)}</TableCell>
                  <TableCell>{card.cardholderName}</TableCell>
                  <TableCell>{owner(card)}</TableCell>
                  <TableCell>{usedBy(card)}</TableCell>
                  <TableCell>{actions(card)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableScroll>
      ) : null}
      {open?.kind === 'add' ? <AddCardDialog open onClose={() => setOpen(null)} onDone={done} /> : null}
      {open?.kind === 'edit' ? (
        <EditExpiryDialog card={open.card} onClose={() => setOpen(null)} onDone={done} />
      ) : null}
      {open?.kind === 'replace' ? (
        <ReplaceDialog card={open.card} onClose={() => setOpen(null)} onDone={done} />
      ) : null}
      {open?.kind === 'delete' ? (
        <DeleteCardDialog card={open.card} onClose={() => setOpen(null)} onDone={done} />
      ) : null}
    </section>
  );
}
