import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { archiveProduct } from '../../../catalogue/archive-product.js';
import { createProduct } from '../../../catalogue/create-product.js';
import { getProduct } from '../../../catalogue/get-product.js';
import { listProducts } from '../../../catalogue/list-products.js';
import { setPrice } from '../../../catalogue/set-price.js';
import { errorSchema, idempotencyHeaders, pageOf, pageQuerySchema } from '../../../contract/api.js';
import { newPriceSchema, newProductSchema, productSchema } from '../../../contract/catalogue.js';
import { catalogueIdSchema } from '../../../contract/fields.js';
import type { Db } from '../../../db/connect.js';
import { requireApiKey } from '../../request-context.js';

const tags = ['provider'];
const security = [{ apiKey: [] }];
const params = z.object({ productId: catalogueIdSchema });

export function productRoutes(db: Db): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/products',
      {
        schema: {
          tags,
          security,
          summary: 'The catalogue, newest first',
          querystring: pageQuerySchema.extend({ includeArchived: z.stringbool().default(false) }),
          response: { 200: pageOf(productSchema), 401: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return listProducts({ db, ...request.query });
      },
    );

    app.get(
      '/products/:productId',
      { schema: { tags, security, params, response: { 200: productSchema, 404: errorSchema } } },
      async (request) => {
        requireApiKey(request);
        return getProduct({ db, productId: request.params.productId });
      },
    );

    app.post(
      '/products',
      {
        schema: {
          tags,
          security,
          summary: 'Add a product, named in en-US and zh-TW, with its prices',
          headers: idempotencyHeaders,
          body: newProductSchema,
          response: { 201: productSchema, 400: errorSchema },
        },
      },
      async (request, reply) => {
        requireApiKey(request);
        return reply
          .status(201)
          .send(await createProduct({ db, product: request.body, idempotency: request.idempotency }));
      },
    );

    app.post(
      '/products/:productId/prices',
      {
        schema: {
          tags,
          security,
          summary: 'A new price in a currency and at a frequency; subscriptions on the old one keep it',
          headers: idempotencyHeaders,
          params,
          body: newPriceSchema,
          response: { 200: productSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return setPrice({ db, productId: request.params.productId, price: request.body });
      },
    );

    app.post(
      '/products/:productId/archive',
      {
        schema: {
          tags,
          security,
          summary: 'Stop selling a product; its subscriptions go on at their prices',
          headers: idempotencyHeaders,
          params,
          response: { 200: productSchema, 404: errorSchema },
        },
      },
      async (request) => {
        requireApiKey(request);
        return archiveProduct({ db, productId: request.params.productId });
      },
    );
  };
}
