// The consumer's tests run with java.io.tmpdir pointed here (surefire argLine in pom.xml); verify.groovy checks that
// nothing is left in it after the runs.
def tmp = new File(basedir, 'tmp')
tmp.deleteDir()
assert tmp.mkdirs()
new File(basedir, 'junit-versions.txt').delete()
return true
