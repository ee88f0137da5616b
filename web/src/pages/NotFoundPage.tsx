import { Title2 } from '@fluentui/react-components';
import { useIntl } from 'react-intl';

export function NotFoundPage() {
  return <Title2 as="h1">{useIntl().formatMessage({ id: 'notFound.title' })}</Title2>;
}
