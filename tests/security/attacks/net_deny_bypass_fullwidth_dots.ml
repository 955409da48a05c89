// attack: pass --deny-net=127.0.0.1 by writing the address another way (http://１２７．０．０．１:9/)
// must: CapabilityError: rules compare canonical addresses (and the connected IP)
// expect: denied CapabilityError
// grants: net deny-net:127.0.0.1
import http;
r = http.get("http://１２７．０．０．１:9/");
print(r.status());
