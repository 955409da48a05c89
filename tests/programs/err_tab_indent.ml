// The caret lines up under the column even when the line starts with a tab.
if (true) {
	value = [1, 2][2];
}
