import { Dropdown, Option } from '@fluentui/react-components';
import { LocalLanguage20Regular } from '@fluentui/react-icons';
import { useIntl } from 'react-intl';
import type { Locale } from '../api.js';

const choices: Locale[] = ['en-US', 'zh-TW'];

export function LanguageSwitch(props: { locale: Locale; onChange: (locale: Locale) => void }) {
  const intl = useIntl();
  const label = (locale: Locale) => intl.formatMessage({ id: `language.${locale}` });
  return (
    <Dropdown
      aria-label={intl.formatMessage({ id: 'header.language' })}
      data-testid="language-switch"
      appearance="underline"
      expandIcon={<LocalLanguage20Regular />}
      value={label(props.locale)}
      selectedOptions={[props.locale]}
      onOptionSelect={(_event, data) => data.optionValue && props.onChange(data.optionValue as Locale)}
      style={{ minWidth: 170 }}
      // Fluent renders a (hidden) clear button with an English name of its own: give it ours.
      clearButton={{ 'aria-label': intl.formatMessage({ id: 'header.clearSelection' }) }}
    >
      {choices.map((locale) => (
        <Option key={locale} value={locale} lang={locale}>
          {label(locale)}
        </Option>
      ))}
    </Dropdown>
  );
}
