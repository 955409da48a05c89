// obj["k"] on a missing key is a KeyError.
config = {host: "localhost"};
print(config.port);
print(config["port"]);
