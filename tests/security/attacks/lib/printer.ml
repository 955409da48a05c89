// Helper module: prints with the real print, whatever the importing program rebinds.
function say(x) {
    print(x);
}
