package org.splitfuse.spark.hdfs;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DFSConfigKeys;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.protocol.DatanodeInfo;

/**
 * A real HDFS for tests: one NameNode and one DataNode (hadoop-minicluster's MiniDFSCluster, the
 * Hadoop version of the job's client) in this JVM, every server bound to 127.0.0.1 on a free port,
 * its storage under a given directory. Other processes on this host reach it through {@link #uri()}
 * alone (a fresh Configuration knows nothing else), which is how the job, and executors in other
 * JVMs, see it.
 */
public final class MiniHdfs implements AutoCloseable {

    private final MiniDFSCluster cluster;
    private final FileSystem fs;
    private final URI uri;

    private MiniHdfs(MiniDFSCluster cluster) throws IOException {
        this.cluster = cluster;
        InetSocketAddress nn = cluster.getNameNode().getNameNodeAddress();
        this.uri = URI.create("hdfs://" + nn.getAddress().getHostAddress() + ":" + nn.getPort());
        // our own instance, not the cached one: the job may close cached FileSystems
        this.fs = FileSystem.newInstance(uri, new Configuration());
    }

    /** Starts the cluster with its name and data directories under {@code baseDir}. */
    public static MiniHdfs start(java.nio.file.Path baseDir) throws IOException {
        Configuration conf = new Configuration();
        // every server on the loopback address, ports chosen by the OS
        conf.set(DFSConfigKeys.DFS_NAMENODE_RPC_BIND_HOST_KEY, "127.0.0.1");
        conf.set(DFSConfigKeys.DFS_NAMENODE_HTTP_ADDRESS_KEY, "127.0.0.1:0");
        conf.set(DFSConfigKeys.DFS_DATANODE_HOST_NAME_KEY, "127.0.0.1");
        // one DataNode: one replica, and no waiting for a second that never comes
        conf.setInt(DFSConfigKeys.DFS_REPLICATION_KEY, 1);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, baseDir.toFile())
                .numDataNodes(1)
                .nameNodePort(0)
                .format(true)
                .build();
        try {
            cluster.waitActive();
            return new MiniHdfs(cluster);
        } catch (IOException | RuntimeException e) {
            cluster.shutdown(true);
            throw e;
        }
    }

    /** hdfs://127.0.0.1:PORT */
    public URI uri() {
        return uri;
    }

    /** The full URI of an absolute HDFS path: {@code uri("/data")} is hdfs://127.0.0.1:PORT/data. */
    public String uri(String absolutePath) {
        if (!absolutePath.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + absolutePath);
        }
        return uri + absolutePath;
    }

    public FileSystem fs() {
        return fs;
    }

    /** The NameNode's RPC address, as clients connect to it. */
    public InetSocketAddress nameNodeAddress() {
        return cluster.getNameNode().getNameNodeAddress();
    }

    /**
     * Each DataNode's data-transfer address as the NameNode hands it to clients (its registered IP
     * and port: clients connect there unless they ask for host names).
     */
    public List<InetSocketAddress> dataNodeAddresses() throws IOException {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (DatanodeInfo dn : ((DistributedFileSystem) fs).getDataNodeStats()) {
            addresses.add(new InetSocketAddress(dn.getIpAddr(), dn.getXferPort()));
        }
        return addresses;
    }

    /** Copies a local file, or a directory with everything under it, to {@code hdfsPath}. */
    public void upload(java.nio.file.Path local, String hdfsPath) throws IOException {
        Path target = new Path(hdfsPath);
        if (Files.isDirectory(local)) {
            fs.mkdirs(target);
            try (Stream<java.nio.file.Path> children = Files.list(local)) {
                for (java.nio.file.Path child : (Iterable<java.nio.file.Path>) children.sorted()::iterator) {
                    upload(child, new Path(target, child.getFileName().toString()).toString());
                }
            }
        } else {
            fs.copyFromLocalFile(false, true, new Path(local.toAbsolutePath().toUri()), target);
        }
    }

    /**
     * Every file and directory under {@code dir} (recursively, hidden ones included), as paths
     * relative to it; directories end with "/". Empty when {@code dir} does not exist.
     */
    public List<String> list(String dir) throws IOException {
        Path root = fs.makeQualified(new Path(dir));
        List<String> names = new ArrayList<>();
        if (fs.exists(root)) {
            collect(root, root.toUri().getPath().length() + 1, names);
        }
        names.sort(null);
        return names;
    }

    private void collect(Path dir, int prefix, List<String> names) throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            String relative = s.getPath().toUri().getPath().substring(prefix);
            names.add(s.isDirectory() ? relative + "/" : relative);
            if (s.isDirectory()) {
                collect(s.getPath(), prefix, names);
            }
        }
    }

    public boolean exists(String path) throws IOException {
        return fs.exists(new Path(path));
    }

    public byte[] read(String path) throws IOException {
        try (InputStream in = fs.open(new Path(path))) {
            return in.readAllBytes();
        }
    }

    /** Stops both servers and deletes their storage. */
    @Override
    public void close() throws IOException {
        try {
            fs.close();
        } finally {
            cluster.shutdown(true);
        }
    }
}
