import { z } from 'zod';

/** The comparison key of a vendor name, alias or tax id: case, spaces and punctuation ignored. */
export function matchKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Whether a vendor may be paid. */
export const VendorStatus = z.enum(['active', 'blocked']);
export type VendorStatus = z.infer<typeof VendorStatus>;

/** A vendor of the vendor master. */
export const Vendor = z.object({
  id: z.string(),
  name: z.string(),
  taxId: z.string().nullable(),
  aliases: z.array(z.string()),
  status: VendorStatus,
  createdAt: z.string(),
});
export type Vendor = z.infer<typeof Vendor>;

/** A purchase order and what is left of it. */
export const PurchaseOrder = z.object({
  id: z.string(),
  number: z.string(),
  vendorId: z.string(),
  vendorName: z.string(),
  amount: z.number(),
  remaining: z.number(),
  currency: z.string(),
  createdAt: z.string(),
});
export type PurchaseOrder = z.infer<typeof PurchaseOrder>;
