// grants: env:HOME
// Granted capabilities are visible to the program.
print(getCapabilities());
print(hasCapability("env"), hasCapability("read"));
print(getCapabilityInfo("read").granted);
