// attack: import a stdlib bridge file by its Python name (file_bridge)
// must: ImportError
// expect: denied ImportError
import file_bridge;
print("PWNED");
