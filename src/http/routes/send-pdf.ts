import type { FastifyReply } from 'fastify';

/** A document as a download: never cached by anything between (it holds a customer's billing). */
export function sendPdf(reply: FastifyReply, document: { fileName: string; pdf: Buffer }) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${document.fileName}"`)
    .header('cache-control', 'private, no-store')
    .send(document.pdf);
}
