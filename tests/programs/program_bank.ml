// Error handling in a small account model.
function makeAccount(balance) {
    account = {balance: balance};
    account.withdraw = fn(amount) => {
        if (amount > account.balance) {
            throw {type: "InsufficientFunds", message: "cannot withdraw " + amount, balance: account.balance};
        }
        account.balance -= amount;
        return account.balance;
    };
    return account;
}
acct = makeAccount(100);
print(acct.withdraw(30));
try {
    acct.withdraw(500);
} except (e: InsufficientFunds) {
    print(e.type, e.message, e.balance);
} finally {
    print("balance", acct.balance);
}
