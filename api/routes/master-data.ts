/** Vendor master and purchase orders, kept by admins and AP clerks. */
import { Router } from 'express';
import { createPurchaseOrder, listPurchaseOrders } from '../../db/purchase-orders.js';
import { createVendor, findVendorByIdOrName, listVendors } from '../../db/vendors.js';
import { requireRole } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { CreatePurchaseOrder, CreateVendor, Pagination } from '../schemas.js';
import { parseOr400 } from '../validate.js';

/** The vendor and purchase-order routes. */
export function masterDataRoutes(deps: ApiDeps): Router {
  const { db } = deps;
  const router = Router();
  const keepers = requireRole('ap_clerk');

  router.post('/vendors', keepers, async (req, res) => {
    res.status(201).json(await createVendor(db, parseOr400(CreateVendor, req.body)));
  });

  router.get('/vendors', keepers, async (req, res) => {
    const { limit, offset } = parseOr400(Pagination, req.query, 'query');
    res.json(await listVendors(db, limit, offset));
  });

  router.post('/purchase-orders', keepers, async (req, res) => {
    const body = parseOr400(CreatePurchaseOrder, req.body);
    const vendor = await findVendorByIdOrName(db, body.vendor);
    if (!vendor) throw new HttpError(400, 'unknown_vendor', `No vendor with id or name "${body.vendor}".`, 'vendor');
    res.status(201).json(await createPurchaseOrder(db, { number: body.number, vendorId: vendor.id, amount: body.amount, currency: body.currency }));
  });

  router.get('/purchase-orders', keepers, async (req, res) => {
    const { limit, offset } = parseOr400(Pagination, req.query, 'query');
    res.json(await listPurchaseOrders(db, limit, offset));
  });

  return router;
}
