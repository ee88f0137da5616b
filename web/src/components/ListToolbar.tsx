import { Button, makeStyles, SearchBox } from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import { useT } from '../i18n/use-t.js';

const useStyles = makeStyles({
  toolbar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap', margin: '16px 0 12px' },
});

/** Above a list: search it, and export what it shows as CSV. */
export function ListToolbar(props: {
  search: string;
  onSearch: (text: string) => void;
  onExport: () => void;
}) {
  const styles = useStyles();
  const t = useT();
  return (
    <div className={styles.toolbar}>
      <SearchBox
        aria-label={t('list.search')}
        placeholder={t('list.search')}
        value={props.search}
        onChange={(_event, data) => props.onSearch(data.value)}
        // Fluent names its clear button "clear" in English: give it the page's language.
        dismiss={{ 'aria-label': t('list.clearSearch') }}
      />
      <Button icon={<ArrowDownload20Regular />} onClick={props.onExport}>
        {t('audit.exportCsv')}
      </Button>
    </div>
  );
}
