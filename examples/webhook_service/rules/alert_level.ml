// alert_level.ml (tenant globex): map a metric event to an alert level with the tenant's thresholds.
import file;
import json;

limits = json.parse(file.read(tenant.data_dir + "/thresholds.json"));
value = event.value;
level = value >= limits.page ? "page" : (value >= limits.warn ? "warn" : "ok");
result = {metric: event.metric, level: level};
