// Unit NN of the compile-speed corpus: every common construct, realistic density.
function clamp_NN(value, low, high) {
    if (value < low) {
        return low;
    } elif (value > high) {
        return high;
    } else {
        return value;
    }
}

function summarize_NN(items: array, label) {
    total = 0;
    count = 0;
    names = [];
    for (item in items) {
        if (item.skip) {
            continue;
        }
        total += item.price * item.qty;
        count = count + 1;
        names.append(item.name.upper());
    }
    average = count > 0 ? total / count : 0;
    return {label: label, total: total, count: count, average: average, names: names};
}

function parse_line_NN(line) {
    parts = line.split(",");
    [key, value] = [parts[0].strip(), parts[1].strip()];
    try {
        number = int(value);
    } except (e: ValueError) {
        number = -1;
    } finally {
        attempts_NN = attempts_NN + 1;
    }
    return {key: key, value: number};
}

attempts_NN = 0;
inventory_NN = [
    {name: "apple", price: 3, qty: 10, skip: false},
    {name: "pear", price: 5, qty: 2, skip: false},
    {name: "plum", price: 1, qty: 0, skip: true}
];
report_NN = summarize_NN(inventory_NN, "fruit " + NN);
doubled_NN = [];
i = 0;
while (i < len(inventory_NN) && i < 10) {
    doubled_NN.append(fn(x) => x * 2);
    i += 1;
}
{total, count} = report_NN;
scaled_NN = clamp_NN(total // 3 % 7, 0, 5) ** 2 - -1;
flags_NN = !(count == 0) || total != 2 && count >= 1;
label_NN = "r" + NN + ": " + str(scaled_NN) + " " + repr(flags_NN);
handler_NN = fn(event) => {
    kind = event.kind;
    return kind == "click" ? "clicked " + event.x : "other";
};
