// Calling a value that is not a function.
handlers = {click: 5};
handlers.click();
