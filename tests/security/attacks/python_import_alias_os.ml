// attack: import os under an innocent alias
// must: ImportError
// expect: denied ImportError
import os as utils;
utils.system("echo PWNED");
