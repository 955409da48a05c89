// normalise_orders.ml: clean the order records of the shop's CSV export and web JSON feed.
// The pipeline passes a chunk of records as `records` (an array of objects); the cleaned records
// go in `result`. Test orders are dropped, amounts become numbers in EUR, refunds count negative.

RATES = {EUR: 1, USD: 0.92, GBP: 1.17};
VAT_PERCENT = {AT: 20, DE: 19, ES: 21, FR: 20, IT: 22, NL: 21};

function to_number(value) {
    return typeof(value) == "number" ? value : float(value.strip());
}

function clean(order) {
    if (order.status == "test") {
        return null;
    }
    if (!hasattr(RATES, order.currency)) {
        throw {message: "order " + order.order_id + ": unknown currency '" + order.currency + "'"};
    }
    country = order.country.strip().upper();
    known = hasattr(VAT_PERCENT, country);
    net = round(to_number(order.amount) * RATES[order.currency], 2);
    vat = known ? round(net * VAT_PERCENT[country] / 100, 2) : 0;
    sign = order.status == "refunded" ? -1 : 1;
    return {
        id: order.order_id,
        customer: order.customer,
        country: known ? country : "unknown",
        net_eur: sign * net,
        vat_eur: sign * vat,
        status: order.status,
    };
}

result = [];
for (order in records) {
    cleaned = clean(order);
    if (cleaned != null) {
        result.append(cleaned);
    }
}
