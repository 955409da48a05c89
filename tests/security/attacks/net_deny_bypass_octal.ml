// attack: pass --deny-net=127.0.0.1 by writing the address another way (http://0177.0.0.1:9/)
// must: CapabilityError: rules compare canonical addresses (and the connected IP)
// expect: denied CapabilityError
// grants: net deny-net:127.0.0.1
import http;
r = http.get("http://0177.0.0.1:9/");
print(r.status());
