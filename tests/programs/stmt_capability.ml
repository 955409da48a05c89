// grants: read:.
// A capability declaration only requests; the grant comes from the host (read here, not write).
capability FileAccess {
    resource "data/*.txt";
    allow read "data/*.txt";
}
print(hasCapability("read"), hasCapability("write"));
print("still running");
