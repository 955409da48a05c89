// Member access to a dunder name is rejected.
s = "text";
k = s.__class__;
