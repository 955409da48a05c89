// order_total.ml (tenant acme): price an order event from the tenant's own price list.
import file;
import json;

prices = json.parse(file.read(tenant.data_dir + "/prices.json"));
lines = [];
total = 0;
for (item in event.items) {
    if (!hasattr(prices, item.sku)) {
        throw {message: "unknown sku '" + item.sku + "'"};
    }
    amount = prices[item.sku] * item.quantity;
    lines.append({sku: item.sku, amount: amount});
    total += amount;
}
discount = total >= 100 ? 0.1 : 0;
result = {lines: lines, total: round(total * (1 - discount), 2), discount: discount};
print("priced", len(lines), "lines for", event.customer);
