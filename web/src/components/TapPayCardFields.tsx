import { Field, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { type CardCollection, type CardTokenReply, newIdempotencyKey, sendJson } from '../api.js';
import { useT } from '../i18n/use-t.js';
import type { CardCollector } from './card-collector.js';

// TapPay mode only (SETTLE_PROCESSOR=tappay): the card number, expiry and CVC are typed into TapPay
// Fields (TapPay's own frames); getPrime gives a one-time prime, which Settle binds to a card at
// TapPay (card/bind). Card data goes to TapPay only. The SDK loads from js.tappaysdk.com, and only here.

const sdkUrl = 'https://js.tappaysdk.com/sdk/tpdirect/v5.20.0';

interface TPDirectCard {
  setup(options: {
    fields: Record<string, { element: string; placeholder: string }>;
    styles?: unknown;
  }): void;
  getPrime(callback: (result: { status: number; msg: string; card?: { prime: string } }) => void): void;
}
declare global {
  interface Window {
    TPDirect?: { setupSDK(appId: number, appKey: string, serverType: string): void; card: TPDirectCard };
  }
}

let sdk: Promise<NonNullable<Window['TPDirect']>> | null = null;

function loadSdk(): Promise<NonNullable<Window['TPDirect']>> {
  sdk ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = sdkUrl;
    script.async = true;
    script.onload = () =>
      window.TPDirect ? resolve(window.TPDirect) : reject(new Error('TapPay SDK missing'));
    script.onerror = () => {
      sdk = null;
      reject(new Error('TapPay SDK did not load'));
    };
    document.head.appendChild(script);
  });
  return sdk;
}

const useStyles = makeStyles({
  frame: {
    height: '32px',
    padding: '0 10px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    background: tokens.colorNeutralBackground1,
  },
  row: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '12px' },
});

export default function TapPayCardFields(props: { collector: CardCollector; error: string | undefined }) {
  const styles = useStyles();
  const t = useT();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let active = true;
    void (async () => {
      const form = await sendJson<CardCollection>(
        'POST',
        '/api/payment-methods/card-form',
        {},
        newIdempotencyKey(),
      );
      if (form.processor !== 'tappay') throw new Error('the processor changed');
      const tpDirect = await loadSdk();
      if (!active) return;
      tpDirect.setupSDK(form.appId, form.appKey, form.serverType);
      tpDirect.card.setup({
        fields: {
          number: { element: '#tappay-number', placeholder: '**** **** **** ****' },
          expirationDate: { element: '#tappay-expiry', placeholder: 'MM / YY' },
          ccv: { element: '#tappay-ccv', placeholder: 'CVC' },
        },
      });
      props.collector.collect = (name: string) =>
        new Promise((resolve) =>
          tpDirect.card.getPrime(async (result) => {
            if (result.status !== 0 || !result.card)
              return resolve({ error: result.msg || t('common.error') });
            const saved = await sendJson<CardTokenReply>(
              'POST',
              '/api/payment-methods/card-sources',
              { prime: result.card.prime, name },
              newIdempotencyKey(),
            ).catch((error: unknown) => ({
              error: error instanceof Error ? error.message : t('common.error'),
            }));
            resolve('error' in saved ? { error: saved.error } : { token: saved.token });
          }),
        );
    })().catch(() => setFailed(true));
    return () => {
      active = false;
      props.collector.collect = null;
    };
  }, [props.collector, t]);
  return (
    <Field
      label={t('settle.cardDetails')}
      required
      validationMessage={failed ? t('common.error') : props.error}
    >
      <div id="tappay-number" className={styles.frame} />
      <div className={styles.row} style={{ marginTop: 8 }}>
        <div id="tappay-expiry" className={styles.frame} />
        <div id="tappay-ccv" className={styles.frame} />
      </div>
      <Text size={200}>{t('settle.tappayNote')}</Text>
    </Field>
  );
}
