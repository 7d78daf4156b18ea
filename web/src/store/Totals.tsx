import { money } from "../shared/format";

export function Totals({ c }: { c: { subtotal: number; shipping_total: number; tax_total: number; total: number; currency_code: string } }) {
  return (
    <div className="totals" data-testid="totals">
      <span>Subtotal</span><span>{money(c.subtotal, c.currency_code)}</span>
      <span>Shipping</span><span>{money(c.shipping_total, c.currency_code)}</span>
      <span>Tax</span><span>{money(c.tax_total, c.currency_code)}</span>
      <span className="total">Total</span><span className="total">{money(c.total, c.currency_code)}</span>
    </div>
  );
}
