import { createCipheriv, createDecipheriv } from 'node:crypto';

// ECPay's e-invoice API carries its Data field as base64(AES-128-CBC(urlencode(JSON))) with PKCS7
// padding, the merchant's HashKey as the key and HashIV as the IV (developers.ecpay.com.tw/?p=32235;
// ECPay/SDK_PHP src/Services/AesService.php). urlencode is PHP's, as the SDK uses it: every byte but
// letters, digits and -_. escaped, a space as +.

/** PHP's urlencode: what ECPay's own SDK sends. */
export function phpUrlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

export function phpUrlDecode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

export function ecpayEncrypt(data: unknown, key: { hashKey: string; hashIv: string }): string {
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(key.hashKey), Buffer.from(key.hashIv));
  return Buffer.concat([cipher.update(phpUrlEncode(JSON.stringify(data)), 'utf8'), cipher.final()]).toString(
    'base64',
  );
}

export function ecpayDecrypt(data: string, key: { hashKey: string; hashIv: string }): unknown {
  const decipher = createDecipheriv('aes-128-cbc', Buffer.from(key.hashKey), Buffer.from(key.hashIv));
  const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString(
    'utf8',
  );
  return JSON.parse(phpUrlDecode(text));
}
