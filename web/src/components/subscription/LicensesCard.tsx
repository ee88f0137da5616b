import { Card, CardHeader, Link, makeStyles, Text } from '@fluentui/react-components';
import { can } from '../../../../src/domain/permissions.js';
import type { Me, SubscriptionDetails } from '../../api.js';
import { useT } from '../../i18n/use-t.js';
import { OpenInvoiceList } from '../OpenInvoiceList.js';

const useStyles = makeStyles({
  openInvoices: { margin: 0, paddingLeft: '18px' },
});

/** The subscription's licenses, Change licenses, and the invoices still open. */
export function LicensesCard(props: {
  subscription: SubscriptionDetails;
  me: Me;
  onChangeLicenses: () => void;
}) {
  const styles = useStyles();
  const t = useT();
  const { subscription } = props;
  return (
    <Card>
      <CardHeader
        header={
          <Text as="h2" weight="semibold" size={400}>
            {t('products.column.licenses')}
          </Text>
        }
      />
      <Text size={500} weight="semibold">
        {t('details.licenses', { count: subscription.licenses })}
      </Text>
      {can(props.me.role, 'billing.manage') ? (
        <Link as="button" onClick={props.onChangeLicenses} data-testid="change-licenses">
          {t('licenses.title')}
        </Link>
      ) : null}
      {subscription.openInvoices.length > 0 ? (
        <>
          <Text weight="semibold">{t('details.openInvoices')}</Text>
          <OpenInvoiceList subscription={subscription} className={styles.openInvoices} />
        </>
      ) : null}
    </Card>
  );
}
