// The reference dump tool: C++ LevelDB's DumpFile (what leveldbutil runs),
// built by the forensics tests against Debian's libleveldb-dev.
#include <leveldb/dumpfile.h>
#include <leveldb/env.h>
#include <iostream>
class Out : public leveldb::WritableFile {
 public:
  leveldb::Status Append(const leveldb::Slice& d) override { std::cout.write(d.data(), d.size()); return leveldb::Status::OK(); }
  leveldb::Status Close() override { return leveldb::Status::OK(); }
  leveldb::Status Flush() override { return leveldb::Status::OK(); }
  leveldb::Status Sync() override { return leveldb::Status::OK(); }
};
int main(int argc, char** argv) {
  Out out;
  leveldb::Status s = leveldb::DumpFile(leveldb::Env::Default(), argv[1], &out);
  if (!s.ok()) { std::cerr << s.ToString() << std::endl; return 1; }
  return 0;
}
