// grants: read:.
// A capability declaration only requests; it never grants (write is requested but not granted).
capability FileAccess {
    resource "data/*.txt";
    allow read "data/*.txt";
}
print(hasCapability("read"), hasCapability("write"));
print("still running");
