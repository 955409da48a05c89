// attack: pass --deny-net=localhost by writing the address another way (http://LOCALHOST.:9/)
// must: CapabilityError: rules compare canonical addresses (and the connected IP)
// expect: denied CapabilityError
// grants: net deny-net:localhost
import http;
r = http.get("http://LOCALHOST.:9/");
print(r.status());
