// trip.ml: plan a road trip whose legs were noted in different units.
import units;

legs = [
    {name: "home to ferry", distance: "12.5 km", speed: "50 km/h"},
    {name: "ferry crossing", distance: "22 mi", speed: "18 mph"},
    {name: "coast road", distance: "48000 m", speed: "20 m/s"},
];

total = units.quantity(0, "km");
hours = 0;
for (leg in legs) {
    distance = units.parse(leg.distance);
    speed = units.parse(leg.speed);
    // time = distance / speed, both in SI base units (m and m/s), then in hours.
    seconds = distance.to("m").value / speed.to("m/s").value;
    leg_hours = units.convert(seconds, "s", "h");
    print(leg.name + ": " + distance.format() + " = " + distance.to("km").format(1)
          + ", " + units.quantity(leg_hours, "h").to("min").format(0));
    total = total.plus(distance);
    hours += leg_hours;
}
print("total: " + total.format(1) + " in " + units.quantity(hours, "h").format(2));

try {
    total.plus(units.quantity(3, "kg"));
} except (e: ValueError) {
    print("refused:", e.message);
}
